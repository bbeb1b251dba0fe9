"""The version of tripplan: one line, read by hatch (pyproject.toml) and imported by the
package, the CLI and the export's PRODID, so no module below the package imports the package."""

__version__ = "0.1.0"
