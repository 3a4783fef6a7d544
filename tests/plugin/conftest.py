"""The plugin's tests run user test projects with pytest's own `pytester`."""

pytest_plugins = ["pytester"]
