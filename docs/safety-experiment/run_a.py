from exp import *
X = sparse_feats()
keep = np.asarray((X>0).sum(0)).ravel() >= 2
X = X[:, keep].tocsr(); print(X.shape, flush=True)
loso(X, 20, name='(a) n-grams + lists', save='sc_a.npy')
