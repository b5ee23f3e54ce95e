import sys; from stage_base import serve; sys.exit(serve(exit_code=3))
