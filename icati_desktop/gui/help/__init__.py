"""Help: the user guide in the app, keyboard shortcuts, reporting a problem."""
