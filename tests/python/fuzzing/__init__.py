"""Differential fuzzing: random messy raw folders (generator) and the pipeline's answers on them (pipeline)."""
