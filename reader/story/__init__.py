"""Story: many articles at once.

stories (which articles report one event) -> coverage (facts by outlet, quantities across
outlets, the likely original).
"""
