# (a) without trainC in any training: does adding trainC help the other sets?
import exp
from exp import *
X = sparse_feats()
keep = np.asarray((X>0).sum(0)).ravel() >= 2
X = X[:, keep].tocsr()
S8 = [s for s in SETS if s != 'trainC']
sc = np.zeros(len(y))
for s in S8:
    tr = np.where((sets != s) & (sets != 'trainC'))[0]; te = np.where(sets == s)[0]
    sc[te] = fit_score(X, tr, te, 20)
tr = np.where(sets != 'trainC')[0]; te = np.where(sets == 'trainC')[0]
sc[te] = fit_score(X, tr, te, 20)
np.save('sc_a8.npy', sc)
report(sc, '(a) trained without trainC')
