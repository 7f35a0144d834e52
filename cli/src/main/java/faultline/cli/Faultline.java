package faultline.cli; public final class Faultline { public static void main(String[] a){ System.out.println("hi"); } }
