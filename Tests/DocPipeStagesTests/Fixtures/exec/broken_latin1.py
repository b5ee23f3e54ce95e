import sys; from stage_base import serve; sys.exit(serve(encoding="latin-1"))
