"""The reviewer's window over a review file, and the editor's actions on a review."""
