"""HTTP for joint procurement, by subject: projects, surveys, costs."""
