"""Where TAs grade: Gradescope and PrairieLearn autograders, Canvas and Moodle grade books, the class report.

Each module turns the marking (`StudentResult`, `Graded`) into one platform's published format;
none changes how an answer is marked.
"""
