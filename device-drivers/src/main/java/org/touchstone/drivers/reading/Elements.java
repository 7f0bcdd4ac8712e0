package org.touchstone.drivers.reading;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The chemical elements by atomic number, so a column name or a SciAps atomic number can be checked. */
public final class Elements {

    private static final List<String> BY_Z = List.of("",
            "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
            "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
            "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
            "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
            "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
            "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
            "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og");
    private static final Set<String> SYMBOLS = Set.copyOf(BY_Z.subList(1, BY_Z.size()));

    private Elements() {
    }

    public static boolean isSymbol(String s) {
        return SYMBOLS.contains(s);
    }

    public static Optional<String> symbol(int atomicNumber) {
        return atomicNumber >= 1 && atomicNumber < BY_Z.size() ? Optional.of(BY_Z.get(atomicNumber)) : Optional.empty();
    }

    public static int atomicNumber(String symbol) {
        int z = BY_Z.indexOf(symbol);
        if (z < 1) {
            throw new IllegalArgumentException("not a chemical symbol: " + symbol);
        }
        return z;
    }
}
