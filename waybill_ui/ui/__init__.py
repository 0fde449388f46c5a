"""Pages (NiceGUI only lives in this package). Pages stay thin: they call services off the
event loop and show what comes back."""
