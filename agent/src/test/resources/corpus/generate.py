import json, math, random, os
random.seed(20261128)
OUT=os.path.dirname(os.path.abspath(__file__))
K=4000; B=0.1; T=10.0
def sigma(c): return math.sqrt((c+B)/(K*T))
def shot(surface, label, hetero=0.0, n=0, trust="TRUSTED"):
    els=[]
    vals={}
    main=max(surface,key=surface.get)
    for el,c in surface.items():
        cc=c+(random.gauss(0,hetero) if el==main and hetero>0 else 0)
        vals[el]=max(0,cc+random.gauss(0,sigma(cc)))
    for el in ['Au','Ag','Cu','Hg','W','Pt','Pd']:
        if el not in vals: vals[el]=max(0,random.gauss(0,sigma(0)))
    tot=sum(vals.values())
    lod=3*sigma(0)
    for el,v in vals.items():
        v=v*100/tot
        if v<lod: els.append({"element":el,"belowDetection":True,"detectionLimit":round(lod,4)})
        else: els.append({"element":el,"percent":round(v,4),"uncertainty":round(2*sigma(v),4),"coverageFactor":2})
    return {"kind":"xrf","deviceId":"xrf-1","sampleLabel":label,"durationSeconds":T,"elements":els,"trust":trust}
def weigh(label, grams, medium=None, trust="TRUSTED"):
    d=round(grams+random.gauss(0,0.003),2)
    r={"kind":"weight","deviceId":"scale-1","itemId":label,"value":d,"unit":"g","stable":True,"raw":"S S %10.2f g"%d,"trust":trust}
    if medium: r["medium"]=medium
    return r
def case(name, truth, decl, readings, lane, findings):
    d=os.path.join(OUT,name); os.makedirs(d,exist_ok=True)
    json.dump(decl,open(d+'/declaration.json','w'),indent=2,ensure_ascii=False)
    with open(d+'/readings.jsonl','w') as f:
        for r in readings: f.write(json.dumps(r)+"\n")
    json.dump({"truth":truth,"lane":lane,"findings":sorted(findings)},open(d+'/expected.json','w'),indent=2,ensure_ascii=False)
def item(i,hs,form,metal,fin,mass,unit="g",**kw):
    it={"itemId":i,"hsCode":hs,"description":kw.pop("description",form),"form":form,"metal":metal,"fineness":fin,"pieces":kw.pop("pieces",1),"netMass":{"value":mass,"unit":unit}}
    it.update(kw); return it
def decl(id,items,origin="GH"): return {"declarationId":id,"declarant":"Corpus","exporter":"Corpus Exporter","originCountry":origin,"items":items}
def shots(surface,label,n=3,hetero=0.0,trust="TRUSTED"): return [shot(surface,label,hetero,trust=trust) for _ in range(n)]
AU9999={"Au":99.993,"Ag":0.005,"Cu":0.002}
# honest
case("honest-kilobar","999.9 gold kilobar, 1000.02 g",decl("C-HONEST-BAR",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02)]+shots(AU9999,"1"),"GREEN",[])
case("honest-dore","dore Au 78.6 Ag 19.0 Cu 2.4, inhomogeneous, 2503.4 g",decl("C-HONEST-DORE",[item("1","7108.12","dore","Au",780,2503.5)]),
     [weigh("1",2503.41)]+shots({"Au":78.6,"Ag":19.0,"Cu":2.4},"1",n=4,hetero=0.4),"GREEN",[])
case("honest-jewellery-18k","12 chains of 18K yellow gold (Au 75.15), 245.58 g",decl("C-HONEST-18K",[item("1","7113.19","jewellery","Au","18K",245.6,pieces=12)]),
     [weigh("1",245.58)]+shots({"Au":75.15,"Ag":12.5,"Cu":12.35},"1"),"GREEN",[])
case("honest-scrap","mixed-karat gold scrap around 14K (Au 59.5), 812.3 g",decl("C-HONEST-SCRAP",[item("1","7112.91","scrap","Au",585,812.3)]),
     [weigh("1",812.31)]+shots({"Au":59.5,"Ag":22.0,"Cu":16.0,"Zn":2.5},"1",hetero=0.8),"GREEN",[])
case("honest-silver-925","sterling silver jewellery, Ag 92.6 Cu 7.4, 1500.2 g",decl("C-HONEST-925",[item("1","7113.11","jewellery","Ag",925,1500.2)]),
     [weigh("1",1500.2)]+shots({"Ag":92.6,"Cu":7.4},"1"),"GREEN",[])
case("honest-value-and-marks","999.5 kilobar declared with a fair value (130 USD per gram fine) and its bar marks",
     decl("C-HONEST-VALUE",[item("1","7108.12","bar","Au",999.5,1000.0,value={"amount":130000,"currency":"USD"},refiner="Corpus Refinery",serial="CR-1")]),
     [weigh("1",1000.01)]+shots({"Au":99.96,"Ag":0.03,"Cu":0.01},"1"),"GREEN",[])
case("borderline-inside-uncertainty","999.9 bar that reads 99.96 % on average and weighs 999.80 g: inside the uncertainty, benefit of the doubt",
     decl("C-BORDER",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",999.80)]+[shot({"Au":99.96,"Ag":0.03,"Cu":0.01},"1") for _ in range(3)],"GREEN",[])
# misdeclared
case("short-weight","999.9 kilobar that weighs 990.0 g, 1 % short",decl("C-SHORT",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",990.0)]+shots(AU9999,"1"),"RED",["MASS_DISCREPANCY/1"])
case("low-fineness","declared 999.9, really 98.9 % gold",decl("C-LOWFINE",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.0)]+shots({"Au":98.9,"Ag":0.8,"Cu":0.3},"1"),"RED",["FINENESS_BELOW_DECLARED/1"])
case("silver-declared-gold-found","silver grain declared 999 Ag under 7106.91, really Au 72 Ag 27.5 Cu 0.5",
     decl("C-AG-AU",[item("1","7106.91","grain","Ag",999,2000.0)]),
     [weigh("1",2000.0)]+shots({"Au":72.0,"Ag":27.5,"Cu":0.5},"1"),"RED",["FINENESS_BELOW_DECLARED/1","HS_CLASS_MISMATCH/1","METAL_MISMATCH/1"])
case("plated-tungsten","tungsten bar with thin gold plating: XRF sees Au and some W",
     decl("C-W",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.0)]+shots({"Au":99.2,"W":0.8},"1"),"RED",["COUNTERFEIT_INDICATOR/1","FINENESS_BELOW_DECLARED/1"])
case("gold-plated-silver","silver bar plated with fine gold: surface 999.9 gold, density that of silver",
     decl("C-PLATED-AG",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.0),weigh("1",1000.0-1000.0/10.49*0.9982,"water")]+shots(AU9999,"1"),"RED",["DENSITY_MISMATCH/1"])
case("mercury-dore","doré Au 82 Ag 15 with 0.8 % mercury from amalgamation",
     decl("C-HG",[item("1","7108.12","dore","Au",800,1500.0)]),
     [weigh("1",1500.0)]+shots({"Au":82.0,"Ag":16.2,"Hg":0.8,"Cu":1.0},"1",hetero=0.3),"RED",["MERCURY_DETECTED/1"])
case("melted-scrap-declared-scrap","gold scrap melted into a bar and declared as scrap 7112.91",
     decl("C-MELTED",[item("1","7112.91","bar","Au",750,1000.0)]),
     [weigh("1",1000.0)]+shots({"Au":75.2,"Ag":12.4,"Cu":12.4},"1"),"RED",["HS_CLASS_MISMATCH/1"])
case("false-hallmark-karat","chains hallmarked and declared 18K, really 14K (Au 58.4)",
     decl("C-HALLMARK",[item("1","7113.19","jewellery","Au","18K",300.0,pieces=10)]),
     [weigh("1",300.0)]+shots({"Au":58.4,"Ag":25.0,"Cu":16.6},"1"),"RED",["FINENESS_BELOW_DECLARED/1"])
case("deleterious-dore","doré with 0.4 % arsenic",
     decl("C-AS",[item("1","7108.12","dore","Au",850,1200.0)]),
     [weigh("1",1200.0)]+shots({"Au":85.5,"Ag":13.6,"As":0.4,"Cu":0.5},"1",hetero=0.3),"YELLOW",["DELETERIOUS_ELEMENTS/1"])
case("value-implausible","kilobar declared at a tenth of its worth",
     decl("C-VALUE",[item("1","7108.12","bar","Au",999.9,1000.0,value={"amount":13000,"currency":"USD"})]),
     [weigh("1",1000.0)]+shots(AU9999,"1"),"YELLOW",["VALUE_IMPLAUSIBLE/1"])
case("good-delivery-out-of-spec","a 1 kg bar declared as LBMA good delivery (needs 350-430 ozt fine)",
     decl("C-GD",[item("1","7108.12","bar","Au",999.9,1000.0,refiner="Corpus Refinery",serial="CR-2",goodDelivery=True)]),
     [weigh("1",1000.0)]+shots(AU9999,"1"),"YELLOW",["BAR_SPEC_MISMATCH/1"])
case("incomplete","two items, the second never shot with the XRF",
     decl("C-INCOMPLETE",[item("1","7108.12","bar","Au",999.9,1000.0),item("2","7108.12","bar","Au",999.9,500.0)]),
     [weigh("1",1000.0)]+shots(AU9999,"1")+[weigh("2",500.0)],"YELLOW",["INCOMPLETE_INSPECTION/2"])
# devices not trusted when the readings were taken (their trust recorded with each reading)
case("uncalibrated-scale","honest 999.9 kilobar weighed on a scale that was never verified",
     decl("C-UNCAL",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.02,trust="UNKNOWN")]+shots(AU9999,"1"),"YELLOW",["INCOMPLETE_INSPECTION/1"])
case("drifting-xrf","honest 999.9 kilobar shot with an analyzer whose control chart showed drift",
     decl("C-DRIFT",[item("1","7108.12","bar","Au",999.9,1000.0)]),
     [weigh("1",1000.01)]+shots(AU9999,"1",trust="FAILED"),"YELLOW",["INCOMPLETE_INSPECTION/1"])
