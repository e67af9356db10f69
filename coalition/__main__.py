from coalition.cli import main

main()
