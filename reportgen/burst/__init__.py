"""`reportgen burst`: one report built for many audiences, each with its own parameters.

- `audiences.py` reads the audience table (one row per audience) and checks every cell;
- `keys.py` names the files a build reads and hashes them, so a rerun rebuilds only what changed;
- `work.py` builds one audience through the pipeline's stages, in whichever process runs it;
- `local.py` runs the audiences on a process pool, `dask_engine.py` on a dask.distributed cluster;
- `manifest.py` records what happened to each audience in `manifest.json`;
- `run.py` ties them together: what to build, publishing each audience as it finishes;
- `show.py` draws the progress bar and the summary (for the command line).
"""
