from cvld.cli.main import main

if __name__ == "__main__":  # not when a Dask worker process started by spawn imports it
    raise SystemExit(main())
