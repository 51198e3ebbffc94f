package com.talegenerator.tales.storage;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * One list page of signed URLs (50) signed by SignedUrlToken and by Nimbus JOSE, the JWT
 * library Spring Security brings, in 20 interleaved rounds of 2,000 pages after 20 rounds
 * of warm-up, in one JVM: the median time per page of each and their ratio. Run by
 * bench/micro/signing.sh.
 */
public class SigningBenchmark {

	public static void main(String[] args) throws Exception {
		byte[] key = "a local key of thirty-two bytes! and more".getBytes();
		SignedUrlToken tokens = new SignedUrlToken(key);
		String[] paths = new String[50];
		for (int i = 0; i < 50; i++) {
			paths[i] = "stories/" + java.util.UUID.randomUUID() + "/bedtime.mp3";
		}
		Instant iat = Instant.now();
		Instant exp = iat.plusSeconds(3600);
		long sink = 0;
		long[] ours = new long[20];
		long[] nimbus = new long[20];
		for (int round = 0; round < 40; round++) {
			int pages = 2000;
			long t0 = System.nanoTime();
			for (int p = 0; p < pages; p++) {
				SignedUrlToken.Signer signer = tokens.signer();
				for (String path : paths) {
					sink += signer.sign("tales", path, iat, exp).length();
				}
			}
			long t1 = System.nanoTime();
			for (int p = 0; p < pages; p++) {
				MACSigner signer = new MACSigner(key);
				for (String path : paths) {
					JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("url", "tales/" + path)
						.claim("scope", "download").issueTime(Date.from(iat)).expirationTime(Date.from(exp)).build();
					SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
					jwt.sign(signer);
					sink += jwt.serialize().length();
				}
			}
			long t2 = System.nanoTime();
			if (round >= 20) {
				ours[round - 20] = (t1 - t0) / pages;
				nimbus[round - 20] = (t2 - t1) / pages;
			}
		}
		java.util.Arrays.sort(ours);
		java.util.Arrays.sort(nimbus);
		System.out.printf("per page of 50: ours median %d us, nimbus median %d us, ratio %.2f (sink %d)%n",
				ours[10] / 1000, nimbus[10] / 1000, (double) nimbus[10] / ours[10], sink);
	}

}
