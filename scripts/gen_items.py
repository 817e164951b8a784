#!/usr/bin/env python3
"""Writes N synthetic tweet-length items as JSONL (French and English, with
authors, hashtags, links and metrics) for the ingest benchmarks:

    python3 scripts/gen_items.py 200000 > /tmp/items.jsonl

Deterministic (seeded) so that runs compare."""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
rnd = random.Random(42)
fr = ("le service client de la mairie est vraiment génial aujourd'hui", "grève des bus encore une fois, c'est pas terrible",
      "trop bien le nouveau tram !!", "je n'aime pas du tout la nouvelle appli", "merci pour votre réponse rapide",
      "l'accueil était nul et l'attente interminable", "une œuvre magnifique au musée des beaux-arts",
      "quelqu'un sait quand rouvre la piscine ?", "bravo à toute l'équipe pour l'organisation", "franchement déçu par la livraison")
en = ("loving the new tram line, great job", "worst customer service ever, still waiting",
      "does anyone know when the pool reopens?", "thanks for the quick answer", "the app keeps crashing since the update",
      "amazing concert last night", "not bad at all, could be better", "shipping was late again, so annoying")
tags = ("#Lyon", "#GreveSNCF", "#tram", "#service", "#musée", "#concert", "")
for i in range(n):
    base = rnd.choice(fr if rnd.random() < 0.6 else en)
    words = base.split()
    rnd.shuffle(words) if rnd.random() < 0.3 else None
    text = " ".join(words) + " " + rnd.choice(tags)
    if rnd.random() < 0.2:
        text += " https://example.org/article/%d?utm_source=x" % rnd.randrange(1000)
    item = {"external_id": "bench-%d" % i, "text": text.strip(), "network": rnd.choice(("bluesky", "mastodon", "web")),
            "author": {"handle": "user%d" % rnd.randrange(20000), "followers": rnd.randrange(100000)},
            "created_at": "2026-11-%02dT%02d:%02d:00Z" % (1 + rnd.randrange(24), rnd.randrange(24), rnd.randrange(60)),
            "metrics": {"likes": rnd.randrange(500), "reposts": rnd.randrange(50)}}
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
