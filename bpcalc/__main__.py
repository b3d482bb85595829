from bpcalc.cli import main

main()
