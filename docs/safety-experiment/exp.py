import numpy as np, sys, time
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from corpus import read, SETS
rows = read()
sets = np.array([r[0] for r in rows]); kind = np.array([r[1] for r in rows])
y = (kind != 'ordinary').astype(int)

def sparse_feats(lists_only=False):
    vocab = {}; ind = []; ptr = [0]; val = []
    for line in open('feats.tsv'):
        s, k, l, f = line.rstrip('\n').split('\t')
        fs = f.split('\x1f') if f else []
        n = sum(1 for x in fs if not x.startswith('l:'))
        for x in fs:
            if lists_only and not x.startswith('l:'): continue
            ind.append(vocab.setdefault(x, len(vocab))); val.append(1.0 if x.startswith('l:') else 1/np.sqrt(max(n,1)))
        ptr.append(len(ind))
    return sparse.csr_matrix((val, ind, ptr), shape=(len(ptr)-1, len(vocab)))

def fit_score(X, tr, te, C):
    m = LogisticRegression(C=C, max_iter=2000, solver='liblinear' if sparse.issparse(X) else 'lbfgs')
    m.fit(X[tr], y[tr]); return m.decision_function(X[te])

def thresh(scores, yy, rate):
    o = np.sort(scores[yy == 0])[::-1]; a = int(np.floor(rate*len(o)))
    return np.nextafter(o[a], np.inf) if a < len(o) else -np.inf

def loso(X, C, rates=(0.015, 0.02), name='', save=None):
    # Each set scored by a model trained on the others; a set's threshold is chosen on
    # the other sets' left-out scores (a new writer's scores), never on its own.
    t0 = time.time(); sc = np.zeros(len(y))
    for s in SETS:
        tr = np.where(sets != s)[0]; te = np.where(sets == s)[0]
        sc[te] = fit_score(X, tr, te, C)
    if save: np.save(save, sc)
    report(sc, name + f' C={C} ({time.time()-t0:.0f}s)', rates)
    return sc

def report(sc, name, rates=(0.015, 0.02)):
    pr = lambda a, b: f'{a}/{b} {100*a/b:.1f}%'
    for rate in rates:
        print(f'== {name} threshold for {rate}')
        tot = np.zeros(8, int)
        for s in SETS:
            te = sets == s; t = thresh(sc[~te], y[~te], rate)
            f = sc >= t
            r = np.array([(f&te&(y==1)).sum(), (te&(y==1)).sum(), (f&te&(kind=='self_harm')).sum(), (te&(kind=='self_harm')).sum(), (f&te&(kind=='danger')).sum(), (te&(kind=='danger')).sum(), (f&te&(y==0)).sum(), (te&(y==0)).sum()])
            tot += r
            print(f'  {s:9} caught {pr(r[0],r[1]):18} sh {pr(r[2],r[3]):18} dg {pr(r[4],r[5]):18} fa {pr(r[6],r[7])}')
        r = tot
        print(f'  {"TOTAL":9} caught {pr(r[0],r[1]):18} sh {pr(r[2],r[3]):18} dg {pr(r[4],r[5]):18} fa {pr(r[6],r[7])}', flush=True)
