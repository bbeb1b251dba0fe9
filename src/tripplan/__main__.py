from tripplan.cli import main

main()
