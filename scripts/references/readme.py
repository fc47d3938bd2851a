"""Keeps the README.md beside each fixture directory: one line per file, saying what made it."""
import os


class ReadmeWriter:
    def __init__(self, directory, command):
        self.directory = directory
        self.command = command
        self.lines = []

    def add(self, filename, how):
        self.lines.append(f"- `{filename}`: {how}")

    def write(self):
        with open(os.path.join(self.directory, "README.md"), "w") as readme:
            readme.write(f"# Fixtures made by `{self.command}`\n\n")
            readme.write("Regenerate with that command; do not edit by hand.\n\n")
            readme.write("\n".join(sorted(self.lines)) + "\n")
