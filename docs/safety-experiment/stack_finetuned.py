# The fine-tuned reader (ft2 scores) and the shipped n-gram reader (left-out scores of
# --writers --groups 4) averaged in logit space; threshold on VAL ordinary, as ft.py.
import json,numpy as np,sys
rows=json.load(open('rows.json')); d=[l.rstrip('\n').split('\t') for l in open('dump.tsv')]
c={}
for l in open('/work/wt/s4-writers.cache'):
    if l.startswith('#'): continue
    s,rest=l.rstrip('\n').split('\t',1); k,t=rest.split('|',1); c[t.strip()]=float(s)
for l in open('/work/scratch/h6/scores.tsv'):
    sc,t=l.rstrip('\n').split('\t',1); c.setdefault(t.strip(),float(sc))
sets=np.array([r[0] for r in rows]); files=np.array([r[1] for r in rows])
y=np.array([ {'self_harm':1,'danger':2}.get(r[2],0) if r[1]=='signals' else 0 for r in rows])
sure=np.array([x[3]!='' for x in d])
VAL=['trainH','heldout4']; TEST=['heldout6','trainJ','trainI','heldout5','trainG']
ok=np.isin(files,['signals','ordinary'])
va=np.where(ok&np.isin(sets,VAL))[0]; te=np.where(ok&np.isin(sets,TEST))[0]
ep=sys.argv[1] if len(sys.argv)>1 else '0'
sv=np.load(f'ft2_sv{ep}.npy'); st=np.load(f'ft2_st{ep}.npy')
def lg(p): p=np.clip(p,1e-5,1-1e-5); return np.log(p/(1-p))
ng=lambda idx: lg(np.array([c.get(d[i][4],0.5) for i in idx]))
miss=sum(d[i][4] not in c for i in np.concatenate([va,te])); print('missing ngram scores',miss)
for W in (0.0,0.5,0.6):
  a_v=W*lg(sv)+(1-W)*ng(va); a_t=W*lg(st)+(1-W)*ng(te)
  for T in (0.015,0.02,0.025,0.03,0.035):
    thr=np.quantile(a_v[(y[va]==0)&~sure[va]],1-T)
    f=(a_t>=thr)|sure[te]; sig=y[te]>0
    per=' '.join(f"{s}:{100*f[sig&(sets[te]==s)].mean():.1f}/{100*f[~sig&(sets[te]==s)].mean():.1f}" for s in TEST)
    print(f"W={W} T={T}: {100*f[sig].mean():.1f}% FA {100*f[~sig].mean():.2f}%  {per}")
