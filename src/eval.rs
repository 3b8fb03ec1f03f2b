//! Scores an extraction against gold annotations (in progress).
