from exp import *
E = np.load('emb.npy'); E /= np.linalg.norm(E, axis=1, keepdims=True)
L = sparse_feats(lists_only=True).toarray()
sb = loso(E, 10, name='(b) MiniLM mean + LR', save='sc_b.npy')
sbl = loso(np.hstack([E, L]), 10, name='(b+lists) MiniLM + lists findings', save='sc_bl.npy')
sa = np.load('sc_a.npy')
z = lambda s: (s - s.mean()) / s.std()
report(z(sa) + z(sb), '(c) mean of (a) and (b) scores, standardised')
report(z(sa) + z(sbl), '(c) mean of (a) and (b+lists) scores, standardised')
