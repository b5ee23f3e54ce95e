import sys; from stage_base import serve; sys.exit(serve(answer_seq=1))
