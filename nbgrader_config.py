# nbgrader reads this file from the repository root; the course configuration lives in autograder/.
c = get_config()  # noqa: F821
load_subconfig("autograder/nbgrader_config.py")  # noqa: F821
