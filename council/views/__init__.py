"""HTTP for the council, split by subject: bodies, meetings (with agenda and attendance), materials, feeds."""
