from autograder.workflow import main

main()
