"""Foreign file formats read into the domain: XLSForm workbooks, ODK and KoboToolbox
submission exports, answers as JSON. No database: callers store what these return."""
