#!/usr/bin/env python3
"""keywords: a docpipe-exec/1 stage that writes metadata.keywords.

Chinese (Han) text has no spaces, so candidates are character n-grams (2 to 6 characters)
inside runs of Han characters; an n-gram that starts or ends with a function character (的, 和,
是 …) is dropped, and a shorter n-gram that occurs (almost) only inside one longer kept n-gram
is folded into it ("人才培" and "才培养" into "人才培养"). Latin-script text uses word frequency
without stop words. Scores are term frequency weighted by length, normalised to the best one.

Output: metadata.keywords = [{"phrase": "人才培养", "count": 5, "score": 1.0}, ...]
Standard library only; run `python3 keywords.py < requests.jsonl` to try it by hand.
"""
import json
import re
import sys
from collections import Counter

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)

# Characters that rarely start or end a Chinese keyword.
ZH_EDGE = set("的了和与及或等在是对为将把被从于以其之而并也都又就还所这那有个中上下们着地得")
ZH_STOP = {"我们", "他们", "你们", "以及", "进行", "通过", "有关", "相关", "其中", "目前", "一是", "二是", "三是",
           "四是", "主要", "提出", "如下", "现就", "关于", "方面", "同时", "要求", "一个", "没有", "可以", "已经"}
LATIN_STOP = set("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves der die das und
ist ein eine le la les des et est un une du""".split())


def han_share(text):
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return 0.0
    han = sum(len(run) for run in HAN.findall(text))
    return han / letters


def chinese_keywords(text, top, min_count, stop):
    counts = Counter()
    for run in HAN.findall(text):
        length = len(run)
        for n in range(2, 7):
            for start in range(0, length - n + 1):
                gram = run[start:start + n]
                if gram[0] in ZH_EDGE or gram[-1] in ZH_EDGE or gram in ZH_STOP or gram in stop:
                    continue
                counts[gram] += 1
    candidates = {gram: count for gram, count in counts.items() if count >= min_count}
    # Fold an n-gram into a longer one that accounts for (nearly) all of its occurrences.
    kept = {}
    for gram in sorted(candidates, key=lambda g: (-len(g), -candidates[g])):
        count = candidates[gram]
        absorbed = any(gram in longer and kept[longer] >= 0.8 * count for longer in kept)
        if not absorbed:
            kept[gram] = count
    scored = [(gram, count, count * (1 + 0.5 * (len(gram) - 2))) for gram, count in kept.items()]
    return rank(scored, top)


def latin_keywords(text, top, min_count, stop):
    counts = Counter()
    for match in WORD.finditer(text):
        word = match.group(0).lower()
        if len(word) < 3 or word in LATIN_STOP or word in stop:
            continue
        counts[word] += 1
    scored = [(word, count, float(count)) for word, count in counts.items() if count >= min_count]
    return rank(scored, top)


def rank(scored, top):
    scored.sort(key=lambda item: (-item[2], -item[1], item[0]))
    best = scored[0][2] if scored else 1.0
    return [{"phrase": phrase, "count": count, "score": round(score / best, 4)}
            for phrase, count, score in scored[:top]]


def keywords(text, options):
    top = int(options.get("top", 10))
    min_count = int(options.get("min_count", 2))
    stop = set(options.get("stopwords") or [])
    language = options.get("language", "auto")
    if language == "auto":
        language = "zh" if han_share(text) >= 0.3 else "latin"
    if language == "zh":
        return chinese_keywords(text, top, min_count, stop)
    return latin_keywords(text, top, min_count, {word.lower() for word in stop})


def main():
    stdin = sys.stdin
    stdout = sys.stdout
    hello = json.loads(stdin.readline())
    if hello.get("type") != "hello":
        print("keywords: expected hello, got %r" % hello.get("type"), file=sys.stderr)
        return 2
    options = hello.get("options") or {}
    stdout.write(json.dumps({"type": "ready", "protocol": 1, "name": "keywords", "version": "1.0.0",
                             "wants_raw": False}) + "\n")
    stdout.flush()
    for line in stdin:
        message = json.loads(line)
        kind = message.get("type")
        if kind == "end":
            break
        if kind != "document":
            continue
        seq = message["seq"]
        document = message["document"]
        try:
            metadata = document.get("metadata") or {}
            metadata["keywords"] = keywords(document.get("text", ""), options)
            document["metadata"] = metadata
            stdout.write(json.dumps({"type": "document", "seq": seq, "document": document},
                                    ensure_ascii=False, separators=(",", ":")) + "\n")
            stdout.write('{"type":"done","seq":%d}\n' % seq)
        except Exception as error:  # one bad document must not stop the stage
            stdout.write(json.dumps({"type": "error", "seq": seq, "message": "keywords: %s" % error}) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
