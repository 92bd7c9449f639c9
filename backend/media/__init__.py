"""User and remote images: the one pipeline that stores them and the one view that serves
them (see README.md)."""
