import sys; from stage_base import serve; sys.exit(serve(protocol=2))
