"""Homework checking: grade hand-worked answers node by node and find where a mistake began."""
