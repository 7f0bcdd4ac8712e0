package org.touchstone.agent.calibration;

/**
 * One element's certified content in a reference material, as its certificate states it.
 *
 * @param percent             certified mass fraction, wt%
 * @param uncertaintyPercent  the certificate's expanded uncertainty, wt%
 * @param coverageFactor      k of that uncertainty (usually 2)
 */
public record CertifiedValue(double percent, double uncertaintyPercent, Double coverageFactor) {
    public CertifiedValue {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be 0..100, was: " + percent);
        }
        if (!(uncertaintyPercent >= 0 && uncertaintyPercent <= 10)) {
            throw new IllegalArgumentException("uncertaintyPercent must be 0..10, was: " + uncertaintyPercent);
        }
        coverageFactor = coverageFactor == null ? 2.0 : coverageFactor;
        if (!(coverageFactor >= 1 && coverageFactor <= 4)) {
            throw new IllegalArgumentException("coverageFactor must be 1..4, was: " + coverageFactor);
        }
    }

    /** The certificate's standard uncertainty (k = 1), wt%. */
    public double standardUncertainty() {
        return uncertaintyPercent / coverageFactor;
    }
}
