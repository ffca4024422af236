"""The loader's one error type: its message names the file and the problem, for the person running dbt."""


class RawFileError(Exception):
    """A raw file (or the raw folder) that the pipeline cannot read as it is."""
