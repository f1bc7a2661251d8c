"""When a treaty will enter into force: the reference class and event calendar (reference), the
Monte Carlo (simulation) over the rules on day numbers (fastpath), the `project` view (project)
and the back-test (backtest)."""
