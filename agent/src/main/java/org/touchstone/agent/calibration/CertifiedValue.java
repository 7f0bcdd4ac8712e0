package org.touchstone.agent.calibration;

/**
 * One element's certified content in a reference material, as its certificate states it.
 *
 * @param percent             certified mass fraction, wt%
 * @param uncertaintyPercent  the certificate's expanded uncertainty, wt%
 * @param coverageFactor      k of that uncertainty (usually 2)
 * @param acceptedBiasPercent how far (k = 1, wt%) a sound analyzer may read off this value before the chart has a
 *                            baseline of its own: 0.2 wt% by default, 0.02 wt% for fine metal (99 % and more), see
 *                            docs/domain.md "Check standards"
 */
public record CertifiedValue(double percent, double uncertaintyPercent, Double coverageFactor,
                             Double acceptedBiasPercent) {

    public CertifiedValue(double percent, double uncertaintyPercent, Double coverageFactor) {
        this(percent, uncertaintyPercent, coverageFactor, null);
    }

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
        // Handheld XRF is quoted at about ±0.1-0.5 % on gold alloys; at fine gold the analyzer's normalisation to
        // 100 % leaves little room (domain.md 3.1).
        acceptedBiasPercent = acceptedBiasPercent == null ? (percent >= 99 ? 0.02 : 0.2) : acceptedBiasPercent;
        if (!(acceptedBiasPercent >= 0 && acceptedBiasPercent <= 5)) {
            throw new IllegalArgumentException("acceptedBiasPercent must be 0..5, was: " + acceptedBiasPercent);
        }
    }

    /** The certificate's standard uncertainty (k = 1), wt%. */
    public double standardUncertainty() {
        return uncertaintyPercent / coverageFactor;
    }
}
