# Cases of the field-conditions issue (issue 10). Same counting model as generate.py; run once, kept for the record.
import json, math, random, os
random.seed(20261202)
OUT=os.path.dirname(os.path.abspath(__file__))
K=4000; B=0.1
CAL=None
for line in open(os.path.join(OUT,'honest-kilobar','readings.jsonl')):
    if '"calibration"' in line: CAL=json.loads(line)
def sigma(c,T): return math.sqrt((c+B)/(K*T))
LOOK=['Au','Ag','Cu','Hg','W','Pt','Pd','Ir','Rh','Zn','Ni','Pb']
def shot(surface,label,T=10.0,hetero=0.0,mode="PreciousMetals",flags=None):
    vals={}
    main=max(surface,key=surface.get)
    for el,c in surface.items():
        cc=c+(random.gauss(0,hetero) if el==main and hetero>0 else 0)
        vals[el]=max(0,cc+random.gauss(0,sigma(cc,T)))
    for el in LOOK:
        if el not in vals: vals[el]=max(0,random.gauss(0,sigma(0,T)))
    tot=sum(vals.values()); lod=3*sigma(0,T); els=[]
    for el,v in vals.items():
        v=v*100/tot
        if v<lod: els.append({"element":el,"belowDetection":True,"detectionLimit":round(lod,4)})
        else:
            e={"element":el,"percent":round(v,4),"uncertainty":round(2*sigma(v,T),4),"coverageFactor":2}
            if flags and el in flags: e["flags"]=flags[el]
            els.append(e)
    return {"kind":"xrf","deviceId":"xrf-1","sampleLabel":label,"mode":mode,"durationSeconds":T,"elements":els,"trust":"TRUSTED"}
def weigh(label,grams,medium=None,device="scale-1",d=0.01):
    v=round(round((grams+random.gauss(0,0.003))/d)*d,2)
    r={"kind":"weight","deviceId":device,"itemId":label,"value":v,"unit":"g","stable":True,"raw":"S S %10.2f g"%v,"trust":"TRUSTED"}
    if medium: r["medium"]=medium
    return r
def water(label,grams,rho,device="scale-1"): return weigh(label,grams*(1-0.9982/rho),"water",device)
def case(name,truth,decl,readings,lane,findings):
    d=os.path.join(OUT,name); os.makedirs(d,exist_ok=True)
    json.dump(decl,open(d+'/declaration.json','w'),indent=2,ensure_ascii=False)
    with open(d+'/readings.jsonl','w') as f:
        f.write("# xrf-1's check-standard history when these readings were taken (20 daily checks on three CRMs; see README)\n")
        f.write(json.dumps(CAL)+"\n")
        for r in readings: f.write(json.dumps(r)+"\n")
    json.dump({"truth":truth,"lane":lane,"findings":sorted(findings)},open(d+'/expected.json','w'),indent=2,ensure_ascii=False)
def item(i,hs,form,metal,fin,mass,unit="g",**kw):
    it={"itemId":i,"hsCode":hs,"description":kw.pop("description",form),"form":form}
    if metal is not None: it["metal"]=metal
    if fin is not None: it["fineness"]=fin
    it["pieces"]=kw.pop("pieces",1); it["netMass"]={"value":mass,"unit":unit}
    it.update(kw); return it
def decl(id,items): return {"declarationId":id,"declarant":"Corpus","exporter":"Corpus Exporter","originCountry":"GH","items":items}
def shots(surface,label,n=3,**kw): return [shot(surface,label,**kw) for _ in range(n)]
def dens(c):
    rho={"Au":19.32,"Ag":10.49,"Cu":8.96,"Zn":7.14,"Ni":8.91,"Pb":11.34,"Pt":21.45,"Rh":12.41}
    return sum(c.values())/sum(v/rho[k] for k,v in c.items())
A18={"Au":75.1,"Ag":12.45,"Cu":12.45}
BRASS={"Cu":63.0,"Zn":35.4,"Pb":1.3,"Au":0.3}
# Declarations of anything
case("honest-brass-fittings","brass fittings (Cu 63, Zn 35.4, Pb 1.3, Au 0.3 trace) declared 7419 CuZn: no precious alloy",
     decl("C-BRASS",[item("1","7419.80","other","CuZn",None,2400.0,description="brass fittings")]),
     [weigh("1",2400.1,d=0.1)]+shots(BRASS,"1"),"GREEN",[])
case("gold-as-copper-cathode","fine gold declared as copper cathode (7403.11, no metal): the surface is 99.9 % gold",
     decl("C-CATHODE",[item("1","7403.11","other",None,None,5000,description="copper cathode")]),
     [weigh("1",5000.3,d=0.1)]+shots({"Au":99.93,"Ag":0.05,"Cu":0.02},"1"),"RED",["HS_CLASS_MISMATCH/1","METAL_MISMATCH/1"])
case("gold-as-imitation-jewellery","18K chains declared as imitation jewellery of copper (7117.19, metal Cu)",
     decl("C-7117",[item("1","7117.19","jewellery","Cu",None,180.0,description="costume chains")]),
     [weigh("1",180.02)]+shots(A18,"1"),"RED",["HS_CLASS_MISMATCH/1","METAL_MISMATCH/1"])
# Plated, filled, hollow
case("honest-rhodium-plated-925","rhodium-plated sterling silver rings, declared plated Rh: the plating is ~35 % of the signal",
     decl("C-RH925",[item("1","7113.11","jewellery","Ag",925,85.3,construction={"kind":"plated","layer":"Rh"})]),
     [weigh("1",85.31)]+shots({"Rh":35.0,"Ag":60.2,"Cu":4.8},"1"),"GREEN",[])
case("honest-rhodium-plated-14k-white","rhodium-plated 14K nickel white gold (Au 58.6, Cu 24, Ni 12, Zn 5.4), declared plated Rh",
     decl("C-RH14K",[item("1","7113.19","jewellery","Au","14K",42.2,construction={"kind":"plated","layer":"Rh"})]),
     [weigh("1",42.21)]+shots({"Rh":30.0,"Au":41.02,"Cu":16.8,"Ni":8.4,"Zn":3.78},"1"),"GREEN",[])
case("honest-vermeil","vermeil: 925 silver plated with gold, declared silver 925 plated Au (7113.11); density is the silver's",
     decl("C-VERMEIL",[item("1","7113.11","jewellery","Ag",925,120.0,construction={"kind":"plated","layer":"Au"})]),
     [weigh("1",120.01),water("1",120.01,dens({"Ag":92.5,"Cu":7.5}))]+shots({"Au":55.0,"Ag":41.6,"Cu":3.4},"1"),"GREEN",[])
case("honest-gold-plated-brass-7117","gold-plated brass buckles declared 7117 CuZn plated Au: the substrate shows through",
     decl("C-GPBRASS",[item("1","7117.19","other","CuZn",None,300.0,description="buckles",construction={"kind":"plated","layer":"Au"})]),
     [weigh("1",300.02)]+shots({"Au":45.0,"Cu":35.8,"Zn":19.2},"1"),"GREEN",[])
case("honest-gold-filled","gold-filled (1/20 14K on brass) bracelets declared 7113.20 CuZn filled Au; density of brass",
     decl("C-FILLED",[item("1","7113.20","jewellery","CuZn",None,210.0,construction={"kind":"filled","layer":"Au"})]),
     [weigh("1",210.0),water("1",210.0,8.65)]+shots({"Au":58.5,"Ag":4.0,"Cu":30.0,"Zn":7.5},"1"),"GREEN",[])
case("honest-hollow-earrings","hollow 18K earrings declared hollow: weighed in water, density not judged",
     decl("C-HOLLOW",[item("1","7113.19","jewellery","Au","18K",24.0,construction="hollow")]),
     [weigh("1",24.01),water("1",24.01,9.5)]+shots(A18,"1"),"GREEN",[])
# Mass
case("honest-lbma-400oz","LBMA good-delivery bar, 995.0 declared in ozt as 400.125 (rounded DOWN to 0.025 ozt): weighs 0.6 g more",
     decl("C-LBMA",[item("1","7108.12","bar","Au",995.0,400.125,unit="ozt",goodDelivery=True,refiner="Corpus Refinery",serial="CR-4001")]),
     [weigh("1",12445.90,device="scale-2",d=1.0)]+shots({"Au":99.62,"Ag":0.3,"Cu":0.08},"1"),"GREEN",[])
case("overload-reading-refused","a 999.9 kilobar: one reading of 6210.0 g (above Max + 9 e of the 6200 g scale) is refused, the proper weighing counts",
     decl("C-OVERLOAD",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",6210.0),weigh("1",1000.02)]+shots({"Au":99.993,"Ag":0.005,"Cu":0.002},"1"),"GREEN",[])
case("weighings-disagree","two weighings of one kilobar, 1000.02 g and 1012.00 g: no majority, weigh again; not averaged",
     decl("C-DISAGREE",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02),weigh("1",1012.0)]+shots({"Au":99.993,"Ag":0.005,"Cu":0.002},"1"),"YELLOW",["WEIGHINGS_DISAGREE/1","INCOMPLETE_INSPECTION/1"])
case("reweighed-majority","the same kilobar weighed again: 1000.02, 1012.00, 1000.05 g; the majority counts, the outlier set aside",
     decl("C-REWEIGH",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02),weigh("1",1012.0),weigh("1",1000.05)]+shots({"Au":99.993,"Ag":0.005,"Cu":0.002},"1"),"GREEN",[])
case("honest-tahil","22K chains declared as 10 tahil (377.99 g, Singapore/Malaysia): not 10 troy taels (374.29 g)",
     decl("C-TAHIL",[item("1","7113.19","jewellery","Au","22K",10,unit="tahil")]),
     [weigh("1",378.0)]+shots({"Au":91.72,"Ag":4.2,"Cu":4.08},"1"),"GREEN",[])
# Fineness and value
case("honest-22k-hallmark","22K chains at Au 91.65: a 22K hallmark means 916 (K/24 would demand 916.7 and accuse it)",
     decl("C-22K",[item("1","7113.19","jewellery","Au","22K",150.0)]),
     [weigh("1",150.01)]+shots({"Au":91.65,"Ag":4.2,"Cu":4.15},"1"),"GREEN",[])
case("underdeclared-22k-as-9k","22K jewellery declared 9K at a 9K price (100 g at 130 USD x 37.5 g fine)",
     decl("C-UNDER",[item("1","7113.19","jewellery","Au","9K",100.0,value={"amount":4875,"currency":"USD"})]),
     [weigh("1",100.01)]+shots({"Au":91.7,"Ag":4.2,"Cu":4.1},"1"),"RED",["FINENESS_ABOVE_DECLARED/1","VALUE_IMPLAUSIBLE/1"])
case("dore-low-surface-sample","doré declared 800 whose surface reads Au 75.5: below, but within what a lot's bulk may differ: sample it",
     decl("C-DORESAMPLE",[item("1","7108.12","dore","Au",800,3000.0)]),
     [weigh("1",3000.05,d=0.1)]+shots({"Au":75.5,"Ag":22.5,"Cu":2.0},"1",hetero=0.3),"YELLOW",["SAMPLING_REQUIRED/1"])
case("dore-far-below","doré declared 800 whose surface reads Au 60: below beyond any heterogeneity",
     decl("C-DOREFAR",[item("1","7108.12","dore","Au",800,3000.0)]),
     [weigh("1",3000.05,d=0.1)]+shots({"Au":60.0,"Ag":38.0,"Cu":2.0},"1",hetero=0.3),"RED",["FINENESS_BELOW_DECLARED/1"])
case("single-shot-silver-on-9999","one shot on a bar declared 999.9 gold reads silver 99.9 %: RED at once, even before the 3 shots",
     decl("C-ONESHOT",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.01)]+[shot({"Ag":99.9,"Cu":0.1},"1")],"RED",["FINENESS_BELOW_DECLARED/1","INCOMPLETE_INSPECTION/1"])
case("dore-declared-as-scrap","a gold-silver binary without copper (Au 72, Ag 27.8) declared as gold scrap 7112.91",
     decl("C-DORESCRAP",[item("1","7112.91","scrap","Au",700,2500.0)]),
     [weigh("1",2500.1,d=0.1)]+shots({"Au":72.0,"Ag":27.8,"Cu":0.2},"1",hetero=0.5),"RED",["DORE_SIGNATURE/1"])
case("honest-gold-bearing-waste-711299","gold-bearing waste with silver (Au 35, Ag 45, Cu 20) declared gold 350 under 7112.99, which covers it (7112.91 excludes it)",
     decl("C-711299",[item("1","7112.99","scrap","Au",350,900.0)]),
     [weigh("1",900.02,d=0.1)]+shots({"Ag":45.5,"Au":35.0,"Cu":19.5},"1",hetero=0.5),"GREEN",[])
# Presence
case("honest-cast-bar-iridium","a cast 995 bar with 0.06 % iridium grain refiner: below the 0.2 % presence level, no counterfeit",
     decl("C-IRIDIUM",[item("1","7108.12","bar","Au",995.0,500.0)]),
     [weigh("1",500.01)]+shots({"Au":99.6,"Ag":0.3,"Ir":0.06,"Cu":0.04},"1"),"GREEN",[])
case("dore-low-mercury","doré with 0.03 % mercury: present, below the 0.1 % red level: YELLOW, laboratory sample",
     decl("C-LOWHG",[item("1","7108.12","dore","Au",800,2000.0)]),
     [weigh("1",2000.04,d=0.1)]+shots({"Au":80.6,"Ag":17.37,"Cu":2.0,"Hg":0.03},"1",T=60.0,hetero=0.2),"YELLOW",["MERCURY_DETECTED/1"])
# XRF qualifiers
case("nominal-and-short-shots","999.9 kilobar: one shot's Au flagged NOMINAL, one of 4 s, one in Soil mode: none counts, three good ones do",
     decl("C-QUALIFIED",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02),shot({"Au":99.993,"Ag":0.005,"Cu":0.002},"1",flags={"Au":["NOMINAL"]}),
      shot({"Au":99.993,"Ag":0.005,"Cu":0.002},"1",T=4.0),shot({"Au":99.993,"Ag":0.005,"Cu":0.002},"1",mode="Soil")]
     +shots({"Au":99.993,"Ag":0.005,"Cu":0.002},"1"),"GREEN",[])
case("only-short-shots","999.9 kilobar shot three times for 4 s each: no shot counts, so the item is not measured",
     decl("C-SHORTSHOTS",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02)]+shots({"Au":99.993,"Ag":0.005,"Cu":0.002},"1",T=4.0),"YELLOW",["INCOMPLETE_INSPECTION/1"])
# HS details
case("gold-coin-as-711810","gold coins (22K) declared 7118.10, which excludes gold coin",
     decl("C-COIN",[item("1","7118.10","coin","Au","22K",311.0,pieces=10)]),
     [weigh("1",311.01)]+shots({"Au":91.7,"Cu":8.3},"1"),"RED",["HS_CLASS_MISMATCH/1"])
print("ok")
