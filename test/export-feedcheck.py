# Reads feeds as a feed reader does (feedparser, Debian's python3-feedparser) and checks the XML ones strictly
# (expat via ElementTree) against the elements Atom 1.0 (RFC 4287 §4.1) and RSS 2.0 require.
# Usage: python3 export-feedcheck.py FILE...   Prints one JSON object: file → what was read and what is wrong.
import json
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

A = '{http://www.w3.org/2005/Atom}'
RFC3339 = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
RFC822 = re.compile(r'^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$')
IRI = re.compile(r'^[a-z][a-z0-9+.-]*:\S+$')


def atom_problems(root):
    out = []
    if root.tag != A + 'feed':
        return ['root is not atom:feed']

    def one(el, name, where):
        found = el.findall(A + name)
        if len(found) != 1:
            out.append(f'{where}: {len(found)} atom:{name} (must be exactly one)')
        return found[0] if found else None

    for name in ('id', 'title', 'updated'):
        one(root, name, 'feed')
    fid = root.find(A + 'id')
    if fid is not None and not IRI.match(fid.text or ''):
        out.append('feed: id is not an IRI')
    up = root.find(A + 'updated')
    if up is not None and not RFC3339.match(up.text or ''):
        out.append('feed: updated is not RFC 3339')
    feed_author = root.find(A + 'author') is not None
    if not any(l.get('rel') == 'self' for l in root.findall(A + 'link')):
        out.append('feed: no link rel=self')
    for i, e in enumerate(root.findall(A + 'entry')):
        where = f'entry {i}'
        for name in ('id', 'title', 'updated'):
            one(e, name, where)
        eid = e.find(A + 'id')
        if eid is not None and not IRI.match(eid.text or ''):
            out.append(f'{where}: id is not an IRI')
        for name in ('updated', 'published'):
            d = e.find(A + name)
            if d is not None and not RFC3339.match(d.text or ''):
                out.append(f'{where}: {name} is not RFC 3339')
        if not feed_author and e.find(A + 'author') is None:
            out.append(f'{where}: no author (and none on the feed)')
        for a in e.findall(A + 'author'):
            if a.find(A + 'name') is None:
                out.append(f'{where}: author without name')
        alternates = [l for l in e.findall(A + 'link') if l.get('rel', 'alternate') == 'alternate']
        if e.find(A + 'content') is None and not alternates:
            out.append(f'{where}: neither content nor link rel=alternate')
        if len({(l.get('type'), l.get('hreflang')) for l in alternates}) != len(alternates):
            out.append(f'{where}: two alternate links with the same type and hreflang')
        for l in e.findall(A + 'link'):
            if not l.get('href'):
                out.append(f'{where}: link without href')
    return out


def rss_problems(root):
    out = []
    if root.tag != 'rss' or root.get('version') != '2.0':
        return ['root is not rss version 2.0']
    ch = root.find('channel')
    if ch is None:
        return ['no channel']
    for name in ('title', 'link', 'description'):
        if ch.find(name) is None:
            out.append(f'channel: no {name}')
    lbd = ch.find('lastBuildDate')
    if lbd is not None and not RFC822.match(lbd.text or ''):
        out.append('channel: lastBuildDate is not RFC 822')
    for i, it in enumerate(ch.findall('item')):
        if it.find('title') is None and it.find('description') is None:
            out.append(f'item {i}: neither title nor description')
        pd = it.find('pubDate')
        if pd is not None and not RFC822.match(pd.text or ''):
            out.append(f'item {i}: pubDate is not RFC 822')
    return out


result = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    r = {
        'bozo': int(bool(d.bozo)),
        'bozo_exception': str(d.get('bozo_exception', '')),
        'version': d.version,
        'title': d.feed.get('title'),
        'id': d.feed.get('id'),
        'updated': d.feed.get('updated'),
        'feed_links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in d.feed.get('links', [])],
        'entries': [
            {
                'id': e.get('id'),
                'title': e.get('title'),
                'link': e.get('link'),
                'summary': e.get('summary'),
                'summary_lang': (e.get('summary_detail') or {}).get('language'),
                'links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in e.get('links', [])],
                'published': e.get('published'),
                'authors': [a.get('name') for a in e.get('authors', [])],
                'tags': [t.get('term') for t in e.get('tags', [])],
            }
            for e in d.entries
        ],
    }
    if path.endswith('.xml'):
        try:
            root = ET.parse(path).getroot()
            r['problems'] = atom_problems(root) if path.endswith('.atom.xml') else rss_problems(root)
        except ET.ParseError as err:
            r['problems'] = [f'not well-formed XML: {err}']
    result[path] = r
json.dump(result, sys.stdout, ensure_ascii=False)
