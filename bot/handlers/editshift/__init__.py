"""/editshift: change a shift's title, place, time or capacity."""
