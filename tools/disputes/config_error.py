"""The one exception for "cannot continue": a configuration file is unusable."""


class ConfigError(Exception):
    """A configuration file (policy, agencies, schema) is missing or invalid.

    The message names the file and the key, and says how to fix it.
    """
