"""Exception types: every expected failure is a DocdiffError whose str() is one actionable line."""


class DocdiffError(Exception):
    """Base class; the CLI maps it to exit code 2."""


class InputError(DocdiffError):
    """An input file is missing, unreadable, binary or in an unknown encoding."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message

    def __reduce__(self):        # picklable, so a worker process can send it back
        return (type(self), (self.path, self.message))


class ConfigError(DocdiffError):
    """The configuration file or an option value is invalid."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message

    def __reduce__(self):
        return (type(self), (self.where, self.message))
