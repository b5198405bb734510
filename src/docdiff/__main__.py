"""`python -m docdiff`: the same command line as the `docdiff` console script."""
from .cli.main import run

if __name__ == "__main__":
    run()
