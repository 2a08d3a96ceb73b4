"""Votes: ballots and the counting methods.

The counting methods are pure functions in ``cordee.voting.counting``: exact
(integers and fractions only) and free of Django, so they can be tested on their own.
"""
