"""Instructor tooling of the course: the nbgrader workflow, one command for each step (see README.md here)."""
