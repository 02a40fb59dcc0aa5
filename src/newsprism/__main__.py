from newsprism.runtime import main

main()
