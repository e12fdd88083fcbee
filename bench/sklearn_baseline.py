#!/usr/bin/env python3
"""The arxiv-sanity-lite recipe in scikit-learn, exactly as issue 7 gives it: the baseline of bench/discover.bench.mjs.

Usage: python3 bench/sklearn_baseline.py CORPUS.jsonl[.gz] TOPICS.json OUT.json

TOPICS.json: {"topics": [{"name": ..., "seeds": [arxiv ids]}]} (chosen by the Node bench, so both systems use the
same seeds). Writes OUT.json: per topic the 200 best-ranked ids (seeds excluded) and the seconds it took; the seconds
of reading, of TF-IDF, and the peak memory (max RSS, MB).
"""
import gzip
import json
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC


def main():
    corpus, topics_file, out_file = sys.argv[1:4]
    t0 = time.perf_counter()
    opener = gzip.open if corpus.endswith('.gz') else open
    ids, texts = [], []
    with opener(corpus, 'rt', encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            p = json.loads(line)
            authors = p.get('authors') or []
            if isinstance(authors, list):
                authors = ' '.join(authors)
            # title + abstract + authors, as arxiv-sanity-lite does
            texts.append(' '.join([p.get('title') or '', p.get('abstract') or p.get('summary') or '', authors]))
            ids.append(p['id'])
    read_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    v = TfidfVectorizer(input='content', encoding='utf-8', decode_error='replace', strip_accents='unicode',
                        lowercase=True, analyzer='word', stop_words='english',
                        token_pattern=r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b',
                        ngram_range=(1, 2), max_features=20000,
                        norm='l2', use_idf=True, smooth_idf=True, sublinear_tf=True,
                        max_df=0.1, min_df=5)
    x = v.fit_transform(texts).astype(np.float32)
    tfidf_s = time.perf_counter() - t1

    index = {pid: i for i, pid in enumerate(ids)}
    topics = json.load(open(topics_file))['topics']
    results = []
    for t in topics:
        t2 = time.perf_counter()
        y = np.zeros(x.shape[0], dtype=np.float32)
        seeds = [index[s] for s in t['seeds'] if s in index]
        y[seeds] = 1
        clf = LinearSVC(class_weight='balanced', verbose=False, max_iter=10000, tol=1e-6, C=0.01)
        clf.fit(x, y)
        s = clf.decision_function(x)
        s[seeds] = -np.inf
        top = np.argsort(-s)[:200]
        results.append({'name': t['name'], 'top': [ids[i] for i in top], 'seconds': time.perf_counter() - t2})
    json.dump({
        'papers': len(ids),
        'features': x.shape[1],
        'nnz': int(x.nnz),
        'read_s': read_s,
        'tfidf_s': tfidf_s,
        'topics': results,
        'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }, open(out_file, 'w'))


if __name__ == '__main__':
    main()
