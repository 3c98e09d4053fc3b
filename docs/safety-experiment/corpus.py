import os
SETS = "dev,dev2,dev3,train,train2,heldout2,train3,train4,trainC".split(',')
def read(root=os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../tests/corpus'), sets=SETS):
    rows = []
    for s in sets:
        for f in ['signals.txt', 'ordinary.txt']:
            for line in open(os.path.join(root, s, f)):
                line = line.strip()
                if not line or line.startswith('#'): continue
                if f == 'signals.txt':
                    k, t = line.split(': ', 1)
                else:
                    k, t = 'ordinary', line
                rows.append((s, k, t))
    return rows
